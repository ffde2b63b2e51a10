/**
 * The button that opens the migration view. It stands twice, in the toolbar and under the graph;
 * app.css shows one of them depending on the width (`.open-migration`).
 */
import { actions, tooltipOf } from '../../app/actions/index';

export function OpenMigrationButton({ testId }: { testId: string }) {
  return (
    <button
      type="button"
      className="open-migration"
      onClick={() => void actions.openMigration.run()}
      data-testid={testId}
      title={tooltipOf(actions.openMigration)}
    >
      Gateway API
    </button>
  );
}
