import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, IPC_CHANNEL, PICK_FILE_CHANNEL } from './window-security';

// The renderer's only door to the main process: one call with a method name and its input.
// The main process checks the sender and validates both against the Api table.
contextBridge.exposeInMainWorld('tellerBridge', {
  call: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, input),
  pickFile: (): Promise<unknown> => ipcRenderer.invoke(PICK_FILE_CHANNEL, { multiple: false, directory: false }),
  pickFiles: (options: { directory: boolean }): Promise<unknown> => ipcRenderer.invoke(PICK_FILE_CHANNEL, { multiple: true, directory: options.directory === true }),
  // Events the service pushes; the renderer gets the event alone, never the IPC event object.
  onEvent: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_e: unknown, event: unknown) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
});
