/** Every element the workbench script drives, looked up once from the markup in Workbench.astro. */
import { must } from './dom.ts';

export type Action =
  | 'run' | 'test' | 'hint' | 'solution' | 'reset' | 'download' | 'import' | 'expand'
  | 'new-file' | 'close-solution' | 'shell';

export function bindElements(root: HTMLElement) {
  const q = <T extends HTMLElement = HTMLElement>(selector: string) => must<T>(root, selector);
  const button = (action: Action) => q<HTMLButtonElement>(`[data-action="${action}"]`);
  return {
    root,
    launch: q('[data-wb-launch]'),
    launchStatus: q('[data-wb-launch-status]'),
    app: q('[data-wb-app]'),
    buttons: {
      run: button('run'),
      test: button('test'),
      hint: button('hint'),
      solution: button('solution'),
      reset: button('reset'),
      download: button('download'),
      import: button('import'),
      expand: button('expand'),
      newFile: button('new-file'),
      closeSolution: button('close-solution'),
      shell: button('shell'),
    },
    importInput: q<HTMLInputElement>('[data-wb-import]'),
    status: q('[data-wb-status]'),
    alert: q('[data-wb-alert]'),
    files: q('[data-wb-files]'),
    tabs: q('[data-wb-tabs]'),
    editor: q('[data-wb-editor]'),
    editorHelp: q('[data-wb-editor-help]'),
    diff: q('[data-wb-diff]'),
    diffTitle: q('[data-wb-diff-title]'),
    diffEditor: q('[data-wb-diff-editor]'),
    results: q('[data-wb-results]'),
    resultsSummary: q('[data-wb-results-summary]'),
    resultsList: q('[data-wb-results-list]'),
    hints: q('[data-wb-hints]'),
    hintsList: q('[data-wb-hints-list]'),
    terminal: q('[data-wb-terminal]'),
    preview: q('[data-wb-preview]'),
    previewFrame: q<HTMLIFrameElement>('[data-wb-preview-frame]'),
    previewLink: q<HTMLAnchorElement>('[data-wb-preview-link]'),
    env: q<HTMLTextAreaElement>('[data-wb-env]'),
    envError: q('[data-wb-env-error]'),
    dialog: q<HTMLDialogElement>('[data-wb-dialog]'),
  };
}

export type Elements = ReturnType<typeof bindElements>;
