/**
 * Harbour's client island: it only adds to pages that already work without JavaScript.
 * - "Use my location": the position is rounded to about 100 m before it leaves the phone.
 * - Quick exit: replaces the page (no Back entry) and works with Escape pressed twice.
 */

/** Rounds a coordinate to 3 decimals (about 111 m of latitude). */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function setupLocation(form: HTMLFormElement): void {
  const button = form.querySelector<HTMLButtonElement>('[data-use-location]');
  const lat = form.querySelector<HTMLInputElement>('[data-lat]');
  const lng = form.querySelector<HTMLInputElement>('[data-lng]');
  const near = form.querySelector<HTMLInputElement>('#near_text');
  const status = form.querySelector<HTMLElement>('[data-location-status]');
  if (!button || !lat || !lng || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    if (status) status.textContent = 'Finding where you are…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        lat.value = String(roundCoordinate(pos.coords.latitude));
        lng.value = String(roundCoordinate(pos.coords.longitude));
        if (near) near.value = '';
        form.submit();
      },
      () => {
        if (status) status.textContent = 'Location is not available. Type a place instead.';
      },
      { enableHighAccuracy: false, maximumAge: 300_000, timeout: 15_000 },
    );
  });
}

function setupQuickExit(): void {
  const link = document.querySelector<HTMLAnchorElement>('[data-quick-exit]');
  if (!link) return;
  const leave = (): void => window.location.replace(link.href);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    leave();
  });
  let last = 0;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    if (now - last < 1000) leave();
    last = now;
  });
}

const form = document.querySelector<HTMLFormElement>('[data-search-form]');
if (form) setupLocation(form);
setupQuickExit();
