import type { StorageProblem } from '../../../src-shared';
import { useAppMirror } from '../bridge/bridge-context';
import { useUiStore } from '../stores/ui-store';

const FILE_LABELS: Readonly<Record<StorageProblem['file'], string>> = {
  accounts: 'account settings',
  secrets: 'saved passwords',
  history: 'chat history',
};

/** Problems main met with its files, each dismissible (dismissal is UI state; main keeps the record). */
export function StorageProblemsBanner() {
  const problems = useAppMirror((state) => state.storageProblems);
  const dismissed = useUiStore((state) => state.dismissedProblems);
  const dismissProblem = useUiStore((state) => state.dismissProblem);
  const visible = visibleProblems(problems, dismissed);
  if (visible.length === 0) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="storage-problems">
      {visible.map((problem) => (
        <div key={problemKey(problem)} className="banner-item" data-testid="storage-problem">
          <p>
            <strong>Problem with the {FILE_LABELS[problem.file]}:</strong> {problem.message}
          </p>
          <button type="button" onClick={() => dismissProblem(problemKey(problem))} aria-label={`Dismiss the problem with the ${FILE_LABELS[problem.file]}`}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

/** Problems carry no id; file and message together identify one. */
export function problemKey(problem: StorageProblem): string {
  return `${problem.file}:${problem.message}`;
}

export function visibleProblems(problems: readonly StorageProblem[], dismissed: readonly string[]): StorageProblem[] {
  return problems.filter((problem) => !dismissed.includes(problemKey(problem)));
}
