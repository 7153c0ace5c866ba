/** A small chat-bubble mark for the WeCom button, drawn for this plugin (not WeCom's logo). */
import React from 'react';

export function WecomIcon({ color = '#1677d2' }: { color?: string }) {
  return (
    <span role="img" aria-hidden="true" className="anticon">
      <svg viewBox="0 0 24 24" width="1em" height="1em" focusable="false">
        <path
          d="M10 3.2C5.7 3.2 2.2 6.1 2.2 9.7c0 2 1.1 3.8 2.8 5l-.6 2.6 3-1.5c.8.2 1.7.4 2.6.4"
          fill="none"
          stroke={color}
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
        <path
          d="M15.6 9.4c3.4 0 6.2 2.3 6.2 5.1 0 1.5-.8 2.9-2.1 3.9l.4 2.2-2.3-1.2c-.7.2-1.4.3-2.2.3-3.4 0-6.2-2.3-6.2-5.2s2.8-5.1 6.2-5.1z"
          fill={color}
        />
        <circle cx="13.4" cy="14.5" r="1" fill="#fff" />
        <circle cx="17.8" cy="14.5" r="1" fill="#fff" />
      </svg>
    </span>
  );
}
