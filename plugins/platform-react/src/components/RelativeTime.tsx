import { useNow } from '../hooks/useNow';

/** "12 s ago", "4 min ago", "3 h ago", "in 5 min"; a date past a day. */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.round((now - at) / 1000);
  const size = Math.abs(seconds);
  let amount: string;
  if (size < 5) return 'just now';
  if (size < 60) amount = `${size} s`;
  else if (size < 3600) amount = `${Math.round(size / 60)} min`;
  else if (size < 86_400) amount = `${Math.round(size / 3600)} h`;
  else return new Date(at).toLocaleDateString();
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}

/**
 * A moment as people read it ("4 min ago"), the exact time on hover and in
 * the markup (`<time datetime>`); it moves on by itself.
 */
export const RelativeTime = (props: { at: string; testId?: string }) => {
  const now = useNow(5_000);
  const at = Date.parse(props.at);
  if (Number.isNaN(at)) return <span>{props.at}</span>;
  return (
    <time
      dateTime={props.at}
      title={new Date(at).toLocaleString()}
      data-testid={props.testId}
    >
      {relativeTime(at, now)}
    </time>
  );
};
