import type { ExerciseMeta } from './exercise-schema.ts';

/**
 * The one-to-one check between an exercise's criteria (the brief's "Fixed means" sentences, exercise.json) and
 * the tests its solution's run reports: every reported test belongs to exactly one criterion, and every test a
 * criterion names is reported. Exactly one, not "at least one", so the workbench's checklist is a partition:
 * a failing test unticks one sentence, and a test that checks two sentences says the two are really one.
 */
export function criteriaProblems(meta: Pick<ExerciseMeta, 'criteria'>, reported: readonly string[], file: string): string[] {
  const { criteria } = meta;
  if (!criteria) {
    return [
      `incomplete — ${file} has no "criteria": list the brief's "Fixed means" sentences, each with the tests that check it ` +
        '(docs/authoring.md, "criteria")',
    ];
  }
  const problems: string[] = [];
  const owners = new Map<string, number[]>();
  criteria.forEach((criterion, index) => {
    for (const name of criterion.tests) owners.set(name, [...(owners.get(name) ?? []), index]);
  });
  const seen = new Set(reported);
  for (const name of reported) {
    const indices = owners.get(name) ?? [];
    if (indices.length === 0) {
      problems.push(
        `test "${name}" belongs to no criterion — add it to the "tests" of the criterion in ${file} whose sentence it checks ` +
          '(a test that checks nothing the brief says needs a sentence in the brief)',
      );
    } else if (indices.length > 1) {
      const where = indices.map((index) => `criteria[${index}]`).join(' and ');
      problems.push(`test "${name}" is listed under ${where} in ${file} — list each test under exactly one criterion`);
    }
  }
  criteria.forEach((criterion, index) => {
    for (const name of criterion.tests) {
      if (seen.has(name)) continue;
      problems.push(
        `${file}: criteria[${index}] ("${shorten(criterion.text)}") names test "${name}", which the solution's run does not ` +
          'report — copy the name exactly as declared with check(), or remove it',
      );
    }
  });
  return problems;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
