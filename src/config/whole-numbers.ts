import { ConfigError } from './course-config.ts';

/** One setting read as a whole number: the variable, the option it sets, and its allowed range. */
export interface WholeNumberSetting<Option extends string> {
  name: string;
  option: Option;
  min: number;
  max: number;
}

/**
 * Reads whole-number settings from the environment; only the variables that are set are returned, so each
 * caller's own defaults stay the single source of truth. A bad value stops with one line naming the variable.
 */
export function readWholeNumbers<Option extends string>(
  settings: ReadonlyArray<WholeNumberSetting<Option>>,
  env: Record<string, string | undefined>,
): Partial<Record<Option, number>> {
  const values: Partial<Record<Option, number>> = {};
  for (const { name, option, min, max } of settings) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigError(`${name}="${raw}" is not allowed: use a whole number from ${min} to ${max}`);
    }
    values[option] = value;
  }
  return values;
}
