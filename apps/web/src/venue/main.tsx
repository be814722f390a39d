import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupVenueI18n } from './i18n.ts';
import { VenueApp } from './app.tsx';
import '../staff/staff.css';

setupVenueI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <VenueApp />
  </StrictMode>,
);
