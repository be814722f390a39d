import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupVenueSignInI18n } from './i18n-sign-in.ts';
import { VenueApp } from './app.tsx';
import '../staff/staff.css';

// The sign-in page's strings; the rest come with the signed-in portal (shell.tsx).
setupVenueSignInI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <VenueApp />
  </StrictMode>,
);
