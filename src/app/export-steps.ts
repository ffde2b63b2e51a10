/**
 * Every guided step of a scenario as one picture each, in a zip: for slide tools that cannot
 * embed a page (Google Slides, PowerPoint without web content), one image per slide in order.
 */
import { zipSync } from 'fflate';

/** A step title as a file name part: lowercase letters and digits joined by dashes. */
export function slug(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words.slice(0, 48).replace(/-+$/, '') || 'step';
}

/** `01-ask-by-name.png`: numbered from 1, two digits so the files sort in step order. */
export function stepFileName(index: number, title: string): string {
  return `${String(index + 1).padStart(2, '0')}-${slug(title)}.png`;
}

/** The zip's name: `<scenario-id>-steps.zip`. */
export function stepsZipName(scenarioId: string): string {
  return `${scenarioId}-steps.zip`;
}

/** The pictures as a zip, in step order (PNGs are compressed already: stored, not deflated). */
export function zipSteps(files: readonly { name: string; png: Uint8Array }[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [f.name, [f.png, { level: 0 }] as const])));
}
