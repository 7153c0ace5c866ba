/**
 * @formily/antd-v5 requires `react-sticky-box`, which ships only as ES modules that jest cannot load.
 * The plugin never renders a sticky box (the page provides @formily/antd-v5 prebuilt), so tests get this.
 */
import React, { type ReactNode } from 'react';

export default function StickyBox({ children }: { children?: ReactNode }) {
  return <div>{children}</div>;
}
