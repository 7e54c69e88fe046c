// The page's h1. It takes focus when the page opens, so keyboard and screen-reader users land on the new
// page instead of staying on the link they followed; the document title follows it.
import { useEffect, useRef, type ReactNode } from 'react';

export function PageTitle({
  children,
  title,
  actions,
}: {
  children: ReactNode;
  title: string;
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · fin-platform`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="page-title">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
