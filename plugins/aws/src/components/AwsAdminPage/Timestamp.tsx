import Tooltip from '@material-ui/core/Tooltip';
import { exactTime, fromNow } from './formatTime';

/** A relative time with the exact time on hover. */
export function Timestamp(props: { at: string }) {
  return (
    <Tooltip title={exactTime(props.at)}>
      <time dateTime={props.at}>{fromNow(props.at)}</time>
    </Tooltip>
  );
}
