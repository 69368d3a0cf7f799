/** The app's version from package.json; Vite inlines just this field into the bundle. */
import { version } from '../package.json';

export const APP_VERSION: string = version;
