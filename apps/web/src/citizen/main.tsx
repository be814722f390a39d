import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupCitizenI18n } from './i18n.ts';
import { CitizenApp } from './app.tsx';
import './citizen.css';

setupCitizenI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CitizenApp />
  </StrictMode>,
);
