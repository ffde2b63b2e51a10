/** A DNS console in a pod: type a name, get the answer as `dig +search` would print it. */
import { useState } from 'react';
import type { RecordType } from '../../engine/index';
import { engine } from '../../app/engine-client';
import { formatDig } from './dig';

const TYPES: RecordType[] = ['A', 'SRV', 'CNAME', 'PTR', 'AAAA'];

export function DnsConsole({ pod, namespace }: { pod: string; namespace: string }) {
  const [query, setQuery] = useState('');
  const [type, setType] = useState<RecordType>('A');
  const [output, setOutput] = useState('');
  const ask = async () => {
    const q = query.trim();
    if (!q) return;
    const response = await engine().call((api) => api.dns(q, { type, fromPod: { name: pod, namespace } }));
    setOutput(formatDig(q, type, response, pod));
  };
  return (
    <div className="dns-console">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label>
          dig{' '}
          <input
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="my-service, my-service.other-ns, _http._tcp.my-service…"
            data-testid="dns-query"
            spellCheck={false}
          />
        </label>{' '}
        <select value={type} onChange={(e) => setType(e.target.value as RecordType)} aria-label="Record type" data-testid="dns-type">
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>{' '}
        <button type="submit" data-testid="dns-ask">
          Ask
        </button>
      </form>
      {output ? (
        <pre className="dig" data-testid="dns-answer">
          {output}
        </pre>
      ) : null}
    </div>
  );
}
