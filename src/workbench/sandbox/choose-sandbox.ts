/**
 * Which sandbox runs the learner's code: the deploy's SANDBOX setting (<html data-sandbox>), then detection.
 * auto = the course server when `<base>api/health` answers as one (`npm start`), otherwise WebContainer.
 * The WebContainer code is imported only when chosen, so `npm start` users never download it.
 */
import type { SandboxChoice } from '../../config/course-config.ts';
import type { ExerciseData, GradingBundle } from '../types.ts';
import type { Sandbox } from './sandbox.ts';
import { probeServer, ServerSandbox } from './server/server-sandbox.ts';

export interface ChooseOptions {
  choice: SandboxChoice;
  exercise: ExerciseData;
  /** The site's base URL ("/" or "/course/"). */
  base: string;
  loadGrading: () => Promise<GradingBundle>;
}

export async function chooseSandbox(options: ChooseOptions): Promise<Sandbox> {
  const apiBase = `${options.base}api/`;
  const server = () => new ServerSandbox({ apiBase, exercise: options.exercise });
  if (options.choice === 'server') return server();
  if (options.choice === 'auto' && (await probeServer(apiBase))) return server();
  const [{ WebContainerSandbox }, { bootWebContainer }] = await Promise.all([
    import('./webcontainer/webcontainer-sandbox.ts'),
    import('./webcontainer/real-boot.ts'),
  ]);
  return new WebContainerSandbox({ boot: bootWebContainer, exercise: options.exercise, loadGrading: options.loadGrading });
}

/** What the learner can do when no sandbox starts, by reason. */
export function whatToDo(reason: string): string {
  switch (reason) {
    case 'offline':
      return 'Reconnect and reload the page. Your code is saved in this browser; “Download my work” keeps a copy.';
    case 'not-isolated':
      return 'Ask whoever hosts this course to send the two isolation headers (see the README), or run the course yourself with npm start.';
    case 'unsupported':
      return 'Open the course in a current Chrome, Edge or Firefox, or run it yourself with npm start.';
    case 'blocked':
      return 'Allow third-party cookies for this site (StackBlitz runs the sandbox), then reload. Or run the course with npm start.';
    case 'unreachable':
      return 'StackBlitz may be blocked on this network. Try again later, or run the course yourself with npm start, which grades on your machine.';
    default:
      return 'Reload the page to try again, or run the course yourself with npm start.';
  }
}
