import {
  createUnifiedTheme,
  defaultComponentThemes,
  palettes,
  UnifiedThemeOptions,
  UnifiedThemeProvider,
} from '@backstage/theme';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import LightIcon from '@material-ui/icons/WbSunny';
import DarkIcon from '@material-ui/icons/Brightness2';

/**
 * Backstage's theme lets table cells break words anywhere
 * (`word-break: break-word`), which also lets a table squeeze a column
 * below its longest word: headers came out as "Weig ht" and "Shar e",
 * buttons as "RESTOR E", host names as "shop.trinity.exampl e". Cells here
 * wrap between words, and break inside one only when it cannot fit at all.
 */
const wholeWords = { wordBreak: 'normal', overflowWrap: 'break-word' } as const;

type StyleFn = (props: any) => object;
const cellStyles = defaultComponentThemes?.MuiTableCell?.styleOverrides as
  | Record<string, StyleFn | object>
  | undefined;
const withWholeWords =
  (style?: StyleFn | object): StyleFn =>
  props => ({
    ...(typeof style === 'function' ? style(props) : style),
    ...wholeWords,
  });

const components = {
  MuiTableCell: {
    styleOverrides: {
      ...cellStyles,
      root: withWholeWords(cellStyles?.root),
      head: withWholeWords(cellStyles?.head),
    },
  },
} as UnifiedThemeOptions['components'];

const light = createUnifiedTheme({ palette: palettes.light, components });
const dark = createUnifiedTheme({ palette: palettes.dark, components });

/** Backstage's light and dark themes, with table cells that keep words whole. */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    ThemeBlueprint.make({
      name: 'light',
      params: {
        theme: {
          id: 'light',
          title: 'Light Theme',
          variant: 'light',
          icon: <LightIcon />,
          Provider: ({ children }) => (
            <UnifiedThemeProvider theme={light}>
              {children}
            </UnifiedThemeProvider>
          ),
        },
      },
    }),
    ThemeBlueprint.make({
      name: 'dark',
      params: {
        theme: {
          id: 'dark',
          title: 'Dark Theme',
          variant: 'dark',
          icon: <DarkIcon />,
          Provider: ({ children }) => (
            <UnifiedThemeProvider theme={dark}>{children}</UnifiedThemeProvider>
          ),
        },
      },
    }),
  ],
});
