/** Following the packet: play/pause, step, restart, the last hop, a hop of the list, speed. */
import { defineAction } from './registry';
import { lastHop, useAnimation } from '../stores/animation';
import { useSettings } from '../stores/settings';

const hasTrace = () => useAnimation.getState().result !== undefined;

/** Puts the packet at hop `step` (clamped; -1 is the origin) and stops playing. */
function goTo(step: number): void {
  const state = useAnimation.getState();
  useAnimation.setState({ step: Math.max(-1, Math.min(lastHop(state), step)), playing: false });
}

export const playback = {
  playPause: defineAction({
    id: 'play-pause',
    label: 'Play / pause',
    keys: ['Space'],
    embed: true,
    enabled: hasTrace,
    run: () => {
      const s = useAnimation.getState();
      // Play at the end starts over.
      useAnimation.setState({ playing: !s.playing, step: !s.playing && s.step >= lastHop(s) ? -1 : s.step });
    },
  }),
  play: defineAction({
    id: 'play',
    label: 'Play from the start',
    embed: true,
    enabled: hasTrace,
    run: () => useAnimation.setState({ step: -1, playing: true }),
  }),
  pause: defineAction({ id: 'pause', label: 'Pause', embed: true, run: () => useAnimation.setState({ playing: false }) }),
  stepForward: defineAction({
    id: 'step-forward',
    label: 'Step forward',
    keys: ['ArrowRight'],
    embed: true,
    enabled: () => hasTrace() && useAnimation.getState().step < lastHop(useAnimation.getState()),
    run: () => goTo(useAnimation.getState().step + 1),
  }),
  stepBack: defineAction({
    id: 'step-back',
    label: 'Step back',
    keys: ['ArrowLeft'],
    embed: true,
    enabled: () => hasTrace() && useAnimation.getState().step >= 0,
    run: () => goTo(useAnimation.getState().step - 1),
  }),
  restart: defineAction({ id: 'restart', label: 'Back to the start', keys: ['Home'], embed: true, enabled: hasTrace, run: () => goTo(-1) }),
  lastHop: defineAction({
    id: 'last-hop',
    label: 'The last hop',
    keys: ['End'],
    embed: true,
    enabled: hasTrace,
    run: () => goTo(lastHop(useAnimation.getState())),
  }),
  goToHop: defineAction<[number]>({ id: 'go-to-hop', label: 'Go to a hop', embed: true, enabled: hasTrace, run: (hop) => goTo(hop) }),
  setSpeed: defineAction<[number]>({
    id: 'set-speed',
    label: 'Animation speed',
    embed: true,
    run: (speed) => useSettings.getState().set({ speed }),
  }),
};
