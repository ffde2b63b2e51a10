/**
 * Share: a link that restores exactly this state, and an `<iframe>` snippet for slides with the
 * embed options (graph only or with the editor, read-only, autoplay, step).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { currentSharedState, loadShare } from '../../app/actions/link';
import { useDocument } from '../../app/stores/document';

type ShareModule = Awaited<ReturnType<typeof loadShare>>;

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // clipboard blocked (permissions, insecure origin): the text stays selectable
  }
}

function baseUrl(): string {
  return `${location.origin}${location.pathname}`;
}

export function ShareDialog({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [codec, setCodec] = useState<ShareModule>();
  const [tab, setTab] = useState<'link' | 'embed'>('link');
  const [view, setView] = useState<'graph' | 'graph+editor'>('graph');
  const [autoplay, setAutoplay] = useState(true);
  const [readonly, setReadonly] = useState(true);
  const [copied, setCopied] = useState<string>();
  const step = useDocument((s) => s.step);

  useEffect(() => {
    dialog.current?.showModal();
    void loadShare().then(setCodec);
  }, []);

  const link = useMemo(() => (codec ? codec.scenarioUrl(baseUrl(), currentSharedState()) : ''), [codec]);
  const embedUrl = useMemo(
    () =>
      codec
        ? codec.scenarioUrl(baseUrl(), currentSharedState(), {
            embed: true,
            view,
            autoplay,
            readonly,
            ...(step !== undefined ? { step } : {}),
          })
        : '',
    [codec, view, autoplay, readonly, step],
  );
  const snippet = codec && embedUrl ? codec.iframeSnippet(embedUrl, { width: 960, height: 540 }) : '';
  const doCopy = async (what: string, text: string) =>
    setCopied((await copy(text)) ? `${what} copied` : 'Select the text and copy it (the clipboard is not available here)');

  return (
    <dialog ref={dialog} className="share-dialog" onClose={onClose} aria-labelledby="share-title" data-testid="share-dialog">
      <h2 id="share-title" className="share-title">
        Share this scenario
      </h2>
      <div role="tablist" className="tabs">
        <button role="tab" aria-selected={tab === 'link'} onClick={() => setTab('link')}>
          Link
        </button>
        <button role="tab" aria-selected={tab === 'embed'} onClick={() => setTab('embed')} data-testid="share-tab-embed">
          Embed
        </button>
      </div>
      {tab === 'link' ? (
        <div className="share-body">
          <p>This link holds the whole scenario (YAML, options, actions, step and request) in its fragment: nothing is uploaded.</p>
          <textarea readOnly value={link} rows={4} data-testid="share-url" onFocus={(e) => e.currentTarget.select()} aria-label="Link" />
          <div className="share-actions">
            <button type="button" className="primary" onClick={() => void doCopy('Link', link)} data-testid="copy-link" disabled={!link}>
              Copy link
            </button>
            <span className="muted">{link.length.toLocaleString('en')} characters</span>
          </div>
        </div>
      ) : (
        <div className="share-body">
          <fieldset>
            <legend>Embed in slides</legend>
            <label>
              <input type="radio" checked={view === 'graph'} onChange={() => setView('graph')} /> graph only
            </label>
            <label>
              <input type="radio" checked={view === 'graph+editor'} onChange={() => setView('graph+editor')} /> graph + editor
            </label>
            <label>
              <input type="checkbox" checked={autoplay} onChange={(e) => setAutoplay(e.target.checked)} /> animate the request in a loop
            </label>
            <label>
              <input type="checkbox" checked={readonly} onChange={(e) => setReadonly(e.target.checked)} /> read-only
            </label>
          </fieldset>
          <textarea
            readOnly
            value={snippet}
            rows={5}
            data-testid="embed-snippet"
            onFocus={(e) => e.currentTarget.select()}
            aria-label="Embed snippet"
          />
          <div className="share-actions">
            <button type="button" className="primary" onClick={() => void doCopy('Snippet', snippet)} disabled={!snippet}>
              Copy snippet
            </button>
            <a href={embedUrl} target="_blank" rel="noreferrer">
              Preview ↗
            </a>
          </div>
        </div>
      )}
      <form method="dialog" className="share-footer">
        <p className="muted" role="status">
          {copied ?? ''}
        </p>
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
