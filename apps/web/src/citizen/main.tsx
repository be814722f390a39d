import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { reduceMotion, unstableSetRender } from 'antd-mobile';
import { prefersReducedMotion } from '../shared/reduced-motion.ts';
import { setupCitizenSignInI18n } from './i18n-sign-in.ts';
import { CitizenApp } from './app.tsx';
import './citizen.css';

// antd-mobile 5 mounts Toast, Dialog and other imperative pop-ups with ReactDOM.render, which React 19
// removed; its documented React 19 hook (https://mobile.ant.design/guide/v5-for-19) lends it createRoot.
const popupRoots = new WeakMap<Element | DocumentFragment, Root>();
unstableSetRender((node, container) => {
  const root = popupRoots.get(container) ?? createRoot(container);
  popupRoots.set(container, root);
  root.render(node);
  return async () => {
    // Unmounting inside the pop-up's own render would warn; wait for the current one to finish.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    popupRoots.delete(container);
  };
});

// Pop-ups, pickers and swipes stop animating for people who asked their system to reduce motion.
if (prefersReducedMotion()) reduceMotion();

// The sign-in page's strings; the rest are added before a page renders (routes.tsx).
setupCitizenSignInI18n();

// Installable app (public/manifest.webmanifest): the service worker caches the app shell so the app
// opens without a network; it never caches /api/ (public/sw.js). Production builds only.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CitizenApp />
  </StrictMode>,
);
