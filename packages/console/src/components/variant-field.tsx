import type { FieldProblem } from '@switchyard/shared';
import { FieldProblems, invalidProps } from './field-problems.js';

interface VariantFieldProps {
  /** Prefix of the select's and its problems' element ids. */
  id: string;
  /** Path of the field in the flag, such as `targets.0.variant`. */
  path: string;
  value: string;
  variants: readonly string[];
  problems: readonly FieldProblem[];
  onChange(variant: string): void;
}

/** A "Variant" select of the flag's variants, with the problems of that field. */
export function VariantField({ id, path, value, variants, problems, onChange }: VariantFieldProps) {
  return (
    <div className="field">
      <label htmlFor={`${id}-variant`}>Variant</label>
      <select
        id={`${id}-variant`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...invalidProps(problems, path, `${id}-variant-problems`)}
      >
        {variants.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <FieldProblems id={`${id}-variant-problems`} problems={problems} path={path} />
    </div>
  );
}
