/**
 * Keeps a failing part of the screen from taking the rest with it: a render error in one panel
 * (the graph, the editor, the Trace/Inspector/Timeline tabs, the guided steps) shows what went
 * wrong there and a way to try again, while everything else stays usable and the document stays
 * autosaved. Without it React unmounts the whole app and leaves a blank page.
 */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** What this part of the screen is, for the message ("the graph", "the Timeline"). */
  what: string;
  children: ReactNode;
}

interface State {
  error?: Error;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the console for a bug report: the component stack says where it happened.
    console.error(`svcscope: ${this.props.what} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-error" role="alert" data-testid="panel-error">
        <p>
          <b>Something went wrong in {this.props.what}:</b> {error.message}
        </p>
        <p className="muted">The rest of svcscope still works and your YAML is saved.</p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
