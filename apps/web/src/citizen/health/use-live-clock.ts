/** A clock that ticks every second, corrected by the server's time so a phone with a wrong clock still shows the truth. */
import { useEffect, useState } from 'react';

/** The current time plus `offsetMs` (server minus device), re-rendered every second. */
export function useLiveClock(offsetMs: number): Date {
  const [now, setNow] = useState(() => new Date(Date.now() + offsetMs));
  useEffect(() => {
    setNow(new Date(Date.now() + offsetMs));
    const timer = window.setInterval(() => setNow(new Date(Date.now() + offsetMs)), 1000);
    return () => window.clearInterval(timer);
  }, [offsetMs]);
  return now;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-11-23 and 14:05:09 in the device's time zone, for the big clock. */
export function splitDateTime(d: Date): { date: string; time: string } {
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
  };
}
