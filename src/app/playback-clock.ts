/**
 * Moves the packet on while the animation plays, one hop every STEP_MS at speed 1, and stops at
 * the last hop. In an embed with autoplay, plays the request again after a pause, in a loop.
 * Driven by store subscriptions, so no view has to remember to mount it.
 */
import { lastHop, useAnimation } from './stores/animation';
import { useSettings } from './stores/settings';

export const STEP_MS = 900;
/** Pause between two plays of the looped animation (embeds with autoplay). */
export const LOOP_PAUSE_MS = 2000;

export function startPlaybackClock(options: { loop: boolean }): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let scheduledFor = '';
  const tick = () => {
    const s = useAnimation.getState();
    const last = lastHop(s);
    const key = `${s.playing}|${s.step}|${last}|${useSettings.getState().speed}|${s.result ? 1 : 0}`;
    if (key === scheduledFor) return;
    scheduledFor = key;
    clearTimeout(timer);
    timer = undefined;
    if (s.playing) {
      if (s.step >= last) useAnimation.setState({ playing: false });
      else timer = setTimeout(() => useAnimation.setState({ step: s.step + 1 }), STEP_MS / useSettings.getState().speed);
    } else if (options.loop && last >= 0 && s.step >= last) {
      timer = setTimeout(() => useAnimation.setState({ step: -1, playing: true }), LOOP_PAUSE_MS);
    }
  };
  const stops = [useAnimation.subscribe(tick), useSettings.subscribe(tick)];
  tick();
  return () => {
    clearTimeout(timer);
    for (const stop of stops) stop();
  };
}
