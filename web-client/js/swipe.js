// A vertical swipe on an element, as in short-video apps: up for the next
// item, down for the previous. onStart(step) fires as soon as the finger has
// clearly chosen a direction (so the next video can start connecting),
// onMove(dy) while it follows the finger, then onCommit(step) past a quarter of
// the height (or a quick flick), else onCancel(). Touch only: mice and
// keyboards use the buttons and arrow keys.
const DECIDE_PX = 12;

export function onVerticalSwipe(el, { onStart, onMove = () => {}, onCommit, onCancel }) {
  let y0 = 0, x0 = 0, t0 = 0, step = 0, active = false;
  el.addEventListener('touchstart', (e) => {
    if (e.touches.length !== 1 || e.target.closest('button, a, input, textarea, .card-slot, .chat-list, .chat-form')) return;
    active = true;
    step = 0;
    y0 = e.touches[0].clientY;
    x0 = e.touches[0].clientX;
    t0 = performance.now();
  }, { passive: true });
  el.addEventListener('touchmove', (e) => {
    if (!active) return;
    const dy = e.touches[0].clientY - y0, dx = e.touches[0].clientX - x0;
    if (!step) {
      if (Math.abs(dy) < DECIDE_PX) return;
      if (Math.abs(dx) > Math.abs(dy)) { active = false; return; }
      step = dy < 0 ? 1 : -1;
      if (onStart(step) === false) { active = false; step = 0; return; }
    }
    onMove(dy);
  }, { passive: true });
  el.addEventListener('touchend', (e) => {
    if (!active || !step) { active = false; return; }
    active = false;
    const dy = e.changedTouches[0].clientY - y0;
    const fast = Math.abs(dy) > 40 && performance.now() - t0 < 300;
    if (Math.sign(-dy) === step && (Math.abs(dy) > el.clientHeight / 4 || fast)) onCommit(step);
    else onCancel();
  });
  el.addEventListener('touchcancel', () => { if (active && step) onCancel(); active = false; });
}
