import type { FieldProblem } from '@switchyard/shared';
import { problemsAt, readablePath } from '../state/problems.js';

interface FieldProblemsProps {
  id: string;
  problems: readonly FieldProblem[];
  path: string;
}

/** The problems of one field, next to it; the field points here with aria-describedby. */
export function FieldProblems({ id, problems, path }: FieldProblemsProps) {
  const mine = problemsAt(problems, path);
  if (mine.length === 0) return null;
  return (
    <ul id={id} className="field-problems">
      {mine.map((p) => (
        <li key={`${p.path}:${p.message}`}>
          {p.path === path
            ? p.message
            : `${readablePath(`${lastSegment(path)}.${p.path.slice(path.length + 1)}`)}: ${p.message}`}
        </li>
      ))}
    </ul>
  );
}

const lastSegment = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** Props that mark a field invalid and tie it to its problems. */
export function invalidProps(problems: readonly FieldProblem[], path: string, id: string) {
  return problemsAt(problems, path).length > 0
    ? { 'aria-invalid': true as const, 'aria-describedby': id }
    : {};
}

/** Every problem of a form, above its Save button, so none goes unseen. */
export function ProblemSummary({ problems, source }: { problems: readonly FieldProblem[]; source: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="problem-summary" role="alert">
      <p>
        {source}: {problems.length} {problems.length === 1 ? 'problem' : 'problems'} to fix before saving
      </p>
      <ul>
        {problems.map((p) => (
          <li key={`${p.path}:${p.message}`}>
            <strong>{readablePath(p.path)}</strong>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
