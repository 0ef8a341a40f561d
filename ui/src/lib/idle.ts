// Calls `onIdle` once after `ms` without keyboard, mouse or touch input.
// The shell enforces the same limit on its side; this makes the lock
// visible the moment it happens instead of at the next action.
export function idleTimer(ms: number, onIdle: () => void, target: Window = window) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const events = ["keydown", "mousemove", "mousedown", "touchstart", "wheel"] as const;
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, ms);
  };
  events.forEach((e) => target.addEventListener(e, reset, { passive: true }));
  reset();
  return {
    stop() {
      clearTimeout(timer);
      events.forEach((e) => target.removeEventListener(e, reset));
    },
  };
}
