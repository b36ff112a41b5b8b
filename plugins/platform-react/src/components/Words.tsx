import { Fragment } from 'react';

const whole = { whiteSpace: 'nowrap' } as const;

/**
 * Text that wraps only between words. Browsers also break after a hyphen,
 * so a narrow table column showed "storefront-" above "web runs 0.1.0"
 * and "ring-" above "0"; names are read whole. Each word with a hyphen is
 * kept on one line; the text, and so what finds it, is unchanged.
 */
export const Words = ({ text }: { text: string }) => (
  <>
    {text.split(' ').map((word, index) => (
      // Words repeat ("·"); their place in the text is what identifies them.
      // eslint-disable-next-line react/no-array-index-key
      <Fragment key={index}>
        {index > 0 && ' '}
        {word.includes('-') ? <span style={whole}>{word}</span> : word}
      </Fragment>
    ))}
  </>
);
