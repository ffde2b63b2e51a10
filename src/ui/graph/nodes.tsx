/** The graph's node components: small and presentational (data in, markup out). */
import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import type { GraphNode } from '../../graph/types';
import { fittedLine, isPickedLine, middleEllipsis } from '../../graph/text';

export interface ElementData extends Record<string, unknown> {
  element: GraphNode;
  /** Requests this element received in the last "send many". */
  count?: number;
  /** The packet is here now. */
  active?: boolean;
  /** The packet went through here. */
  visited?: boolean;
  /** This element's rules decide the current hop (the Service at KUBE-SVC, the EndpointSlice at the pick). */
  lit?: boolean;
  /** The endpoint (`ip:port`) picked at the current hop: its line is marked (isPickedLine). */
  picked?: string;
}

/**
 * About how many characters of the title fit an element `width` wide: 8 px padding each side and
 * the 4 px coloured edge; 12 px semibold sans-serif runs about 8.6 px a character for names like
 * `random-generator-f58cb886c-qmzsz` (measured in Chromium with DejaVu Sans, the Debian default).
 */
function titleChars(width: number): number {
  return Math.max(8, Math.floor((width - 24) / 8.6));
}

/**
 * The width an element's lines have (app.css): 8 px padding each side, the 4 px coloured edge
 * and the 1 px border of an element's card; a cluster node's coloured edge is at the top.
 */
function lineWidth(element: GraphNode): number {
  return element.width - (element.type === 'cluster-node' ? 18 : 21);
}

/** Titles that end in the random suffix telling them apart (pods, EndpointSlices): cut in the middle. */
const MIDDLE_CUT: ReadonlySet<GraphNode['type']> = new Set(['pod', 'endpointslice']);

export type ElementFlowNode = Node<ElementData, 'element'>;
export type GroupFlowNode = Node<ElementData, 'group'>;

function classes(data: ElementData, selected: boolean | undefined): string {
  return [
    'gnode',
    `gnode-${data.element.type}`,
    `status-${data.element.status}`,
    selected ? 'selected' : '',
    data.active ? 'active' : '',
    data.visited ? 'visited' : '',
    data.lit ? 'lit' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export const ElementNode = memo(function ElementNode({ data, selected }: NodeProps<ElementFlowNode>) {
  const { element } = data;
  return (
    <div
      className={`${classes(data, selected)}${element.group ? ' gnode-group-of' : ''}`}
      data-testid={`node-${element.id}`}
      data-type={element.type}
      title={element.group ? `${element.lines.join('\n')}\nClick to draw the ${element.group.count} one by one` : element.lines.join('\n')}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="gnode-tag">{element.tag}</div>
      <div className="gnode-title" title={element.title}>
        {MIDDLE_CUT.has(element.type) ? middleEllipsis(element.title, titleChars(element.width)) : element.title}
      </div>
      {element.lines.map((line, i) => (
        <div className={`gnode-line${data.picked && isPickedLine(line, data.picked) ? ' picked' : ''}`} key={i}>
          {fittedLine(line, lineWidth(element))}
        </div>
      ))}
      {data.count !== undefined ? (
        <div className="gnode-count" data-testid={`count-${element.id}`} aria-label={`${data.count} requests`}>
          {data.count}
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

export const GroupNode = memo(function GroupNode({ data, selected }: NodeProps<GroupFlowNode>) {
  const { element } = data;
  return (
    <div className={classes(data, selected)} data-testid={`node-${element.id}`} data-type={element.type}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="gnode-tag">{element.tag}</div>
      <div className="gnode-title">{element.title}</div>
      <div className="gnode-line">{fittedLine(element.lines[0] ?? '', lineWidth(element))}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

export const NODE_TYPES = { element: ElementNode, group: GroupNode };
