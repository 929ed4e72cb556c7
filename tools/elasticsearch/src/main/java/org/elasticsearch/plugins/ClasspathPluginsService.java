package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugins service that takes its plugins from the class path instead of a distribution's
 * {@code modules/} directory (we have no distribution, only jars from Maven Central).
 *
 * <p>It lives in {@code org.elasticsearch.plugins} because {@link PluginsService.LoadedPlugin} and
 * {@link PluginsService#loadPlugin} are package-private. This mirrors the test framework's
 * {@code MockPluginsService}, without dragging in the test framework.
 *
 * <p>Service providers ({@code FeatureSpecification} etc.) are found by the parent class through each
 * plugin's class loader, i.e. the system class loader, so the server's own providers are found via
 * the (single) plugin we load. Do not add a second plugin without de-duplicating them (see
 * {@code MockPluginsService#loadServiceProviders}).
 */
public final class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Environment environment, List<Class<? extends Plugin>> pluginClasses) {
        // An empty loader: no module or plugin bundles on disk.
        super(settings, environment.configDir(), PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false));
        this.classpathPlugins = pluginClasses.stream().map(pluginClass -> {
            Plugin plugin = loadPlugin(pluginClass, settings, environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),   // name
                "classpath plugin",      // description
                "NA",                    // version
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),   // classname
                null,                    // module name: we run on the class path, not as Java modules
                List.of(),               // extended plugins
                false, false, false, false
            );
            return new LoadedPlugin(descriptor, plugin, ClasspathPluginsService.class.getClassLoader());
        }).toList();
        loadExtensions(classpathPlugins);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(classpathPlugins.stream().map(p -> new PluginRuntimeInfo(p.descriptor())).toList(), List.of());
    }
}
