/**
 * What learners are told when the server stops under them (SIGTERM: a deploy or a restart). Their code was not
 * at fault and nothing of theirs is lost; they only need to try again once the server is back.
 */
export const RESTARTING_GRADE_MESSAGE =
  'The course server is restarting, so your code was not graded (this is not a problem in your code). Run the tests again in a moment.';
export const RESTARTING_RUN_MESSAGE = 'The course server is restarting, so the app was stopped. Run it again in a moment.';

/** The abort reason the API gives running apps when the server shuts down, so they end as `failed`, not `stopped`. */
export class ServerRestarting extends Error {
  constructor() {
    super('the server is shutting down');
  }
}
