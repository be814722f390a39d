import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupConsoleSignInI18n } from './i18n-sign-in.ts';
import { ConsoleApp } from './app.tsx';
import '../staff/staff.css';

// The sign-in page's strings; the rest come with the signed-in console (shell.tsx).
setupConsoleSignInI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
