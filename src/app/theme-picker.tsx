/** Light, dark, or as the system says: three radio buttons, applied at once and remembered. */
import { useId } from 'react';
import { type ThemeChoice, useTheme } from '../shared/theme.ts';
import { APP_TEXT } from '../text/app.ts';

const CHOICES: readonly ThemeChoice[] = ['auto', 'light', 'dark'];

export function ThemePicker() {
  const [choice, setChoice] = useTheme();
  const name = useId();
  return (
    <fieldset className="theme-picker" data-testid="theme-picker">
      <legend>{APP_TEXT.theme.label}</legend>
      {CHOICES.map((c) => (
        <label key={c} className="check">
          <input type="radio" name={name} value={c} checked={choice === c} onChange={() => setChoice(c)} data-testid={`theme-${c}`} />
          <span>{APP_TEXT.theme.choice[c]}</span>
        </label>
      ))}
    </fieldset>
  );
}
