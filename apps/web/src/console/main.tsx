import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupConsoleI18n } from './i18n.ts';
import { ConsoleApp } from './app.tsx';
import '../staff/staff.css';

setupConsoleI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
