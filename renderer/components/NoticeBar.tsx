import { useAppStore } from '../app-store';

/** The last change, said in words, with Undo where it can be undone. */
export function NoticeBar() {
  const notice = useAppStore((s) => s.notice);
  const dismiss = useAppStore((s) => s.dismissNotice);
  return (
    <div className="notice-area" role="status" aria-live="polite">
      {notice ? (
        <div className="notice">
          <span>{notice.text}</span>
          {notice.undo ? (
            <button
              type="button"
              onClick={() => {
                const undo = notice.undo;
                dismiss();
                void undo?.();
              }}
            >
              Undo
            </button>
          ) : null}
          <button type="button" className="link" aria-label="Dismiss" onClick={dismiss}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
