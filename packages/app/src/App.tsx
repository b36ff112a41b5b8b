import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { clusterRegistryModule } from './modules/clusterRegistry';
import { scaffolderFieldsModule } from './modules/scaffolderFields';
import { themeModule } from './modules/theme';

// Every other frontend plugin (catalog graph, scaffolder, TechDocs, search,
// Kubernetes, notifications, Trinity's fleet, traffic and forge, …) is
// discovered from package.json through `app.packages: all`; its extensions
// are tuned in app-config.yaml.
export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    clusterRegistryModule,
    scaffolderFieldsModule,
    themeModule,
  ],
});
