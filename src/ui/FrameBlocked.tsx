/**
 * Shown instead of the app when the browser will not let it run where it is: most often an embed
 * in an `<iframe sandbox>` without `allow-same-origin`, whose document has no origin of its own
 * (`origin` is "null"), so its simulation worker is refused and its storage blocked. It says what
 * failed and which sandbox tokens the embedding page must give, instead of a blank or broken frame.
 */
export interface FrameProblems {
  /** Why the simulation worker could not be started. */
  workerError: string;
  storageBlocked: boolean;
  /** The document's origin is opaque: a sandbox without allow-same-origin (or a data: page). */
  opaqueOrigin: boolean;
  /** The page is inside a frame. */
  embedded: boolean;
}

const TOKENS = 'allow-scripts allow-same-origin';

export function FrameBlocked({ problems }: { problems: FrameProblems }) {
  const sandboxed = problems.opaqueOrigin;
  // `location` is the frame's address even where the document's origin is opaque.
  const open = `${location.origin}${location.pathname}${location.hash}`;
  return (
    <div className="frame-blocked" role="alert" data-testid="frame-blocked">
      <h1>svcscope cannot run {problems.embedded ? 'in this frame' : 'here'}</h1>
      {sandboxed ? (
        <p>
          {problems.embedded ? 'The page that embeds svcscope puts it' : 'svcscope is'} in a sandbox without <code>allow-same-origin</code>,
          so it has no origin of its own and the browser blocks what it needs:
        </p>
      ) : (
        <p>The browser blocks what svcscope needs:</p>
      )}
      <ul>
        <li>
          its simulation worker <span className="muted">({problems.workerError})</span>
        </li>
        {problems.storageBlocked ? <li>its storage (localStorage)</li> : null}
      </ul>
      {sandboxed ? (
        <>
          <p>
            The embedding page must allow both scripts and same-origin: <code>sandbox=&quot;{TOKENS}&quot;</code>, for example
          </p>
          <pre>{`<iframe src="${location.href}"\n        sandbox="${TOKENS}" width="800" height="450"></iframe>`}</pre>
        </>
      ) : (
        <p>Open svcscope in a tab of its own.</p>
      )}
      <a href={open} target="_blank" rel="noreferrer">
        Open in svcscope ↗
      </a>
    </div>
  );
}
