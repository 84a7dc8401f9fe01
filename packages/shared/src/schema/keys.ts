import { z } from 'zod';
import { KEY_PATTERN, VARIANT_PATTERN } from '../naming/key-pattern.js';

export const keySchema = z
  .string()
  .regex(
    KEY_PATTERN,
    'must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

export const variantNameSchema = z
  .string()
  .regex(VARIANT_PATTERN, 'must be 1-64 characters of letters, digits, ".", "_" or "-"');

export const attributeNameSchema = z.string().min(1, 'must not be empty').max(256);
