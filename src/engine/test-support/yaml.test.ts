import { describe, expect, it } from 'vitest';
import { dedent, yaml } from './yaml';

describe('yaml template tag', () => {
  it('drops the first newline, the common indentation and the closing indentation', () => {
    const text = yaml`
      apiVersion: v1
      kind: Service
      spec:
        ports:
        - port: 80
    `;
    expect(text).toBe('apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n');
  });

  it('keeps blank lines blank and inserts values', () => {
    expect(yaml`
      a: ${1}

      b: ${'two'}
    `).toBe('a: 1\n\nb: two\n');
  });

  it('dedent leaves text without indentation alone', () => {
    expect(dedent('a: 1\nb: 2\n')).toBe('a: 1\nb: 2\n');
  });
});
