/**
 * Keyboard control outside the editor: ←/→ step the animation, Space plays/pauses, Home restarts,
 * Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z undo and redo what-if actions (inside Monaco they undo text).
 */
import { useEffect } from 'react';
import { useAnimation } from '../../app/stores/animation';
import { useDocument } from '../../app/stores/document';

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('.monaco-editor'));
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const anim = useAnimation.getState();
      const last = anim.result ? anim.result.placed.places.length - 1 : -1;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) useDocument.getState().redo();
        else useDocument.getState().undo();
        return;
      }
      if (!anim.result) return;
      if (e.key === 'ArrowRight') useAnimation.setState({ step: Math.min(last, anim.step + 1), playing: false });
      else if (e.key === 'ArrowLeft') useAnimation.setState({ step: Math.max(-1, anim.step - 1), playing: false });
      else if (e.key === 'Home') useAnimation.setState({ step: -1, playing: false });
      else if (e.key === 'End') useAnimation.setState({ step: last, playing: false });
      else if (e.key === ' ') useAnimation.setState({ playing: !anim.playing, step: !anim.playing && anim.step >= last ? -1 : anim.step });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
