/** The guided steps of the open scenario: what to say, what to watch for, next/previous. */
import { useEffect } from 'react';
import { useDocument } from '../../app/stores/document';
import { ensureCatalog, useScenarios } from '../../app/stores/scenarios';
import { actions } from '../../app/actions/index';
import { describeExpectation } from './expectation';

export function StepGuide({ compact = false }: { compact?: boolean }) {
  const scenarioId = useDocument((s) => s.scenarioId);
  const step = useDocument((s) => s.step) ?? 0;
  const catalog = useScenarios((s) => s.catalog);
  const error = useScenarios((s) => s.error);
  useEffect(() => {
    if (scenarioId) void ensureCatalog();
  }, [scenarioId]);
  const scenario = catalog?.find((s) => s.id === scenarioId);
  if (error)
    return (
      <div className="step-guide error" role="alert">
        {error}
      </div>
    );
  if (!scenario) return null;
  const current = scenario.steps[step];
  if (!current) return null;
  const expectation = describeExpectation(current.expect);
  return (
    <section className={`step-guide${compact ? ' compact' : ''}`} aria-label="Guided steps" data-testid="step-guide">
      <div className="step-head">
        <button
          type="button"
          onClick={() => void actions.previousStep.run()}
          disabled={step === 0}
          aria-label="Previous step"
          data-testid="step-prev"
        >
          ‹
        </button>
        <span className="step-count" data-testid="step-count">
          {step + 1}/{scenario.steps.length}
        </span>
        <button
          type="button"
          onClick={() => void actions.nextStep.run()}
          disabled={step >= scenario.steps.length - 1}
          aria-label="Next step"
          data-testid="step-next"
        >
          ›
        </button>
        <b className="step-title">
          {compact ? '' : `${scenario.title} — `}
          {current.title}
        </b>
        {compact ? null : (
          <button type="button" className="step-close" onClick={() => void actions.closeGuide.run()} aria-label="Close the guide">
            ✕
          </button>
        )}
      </div>
      {compact ? null : <p className="step-text">{current.text}</p>}
      {expectation && !compact ? (
        <details className="step-expect" key={`${scenario.id}/${step}`}>
          <summary title="Show every claim">What you should see: {expectation}</summary>
        </details>
      ) : null}
    </section>
  );
}
