using System.CommandLine;
using System.Reflection;
using System.Runtime.Loader;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Strategies;
using QpsFast.Replay;

namespace QpsFast.Cli;

/// <summary>
/// <c>--strategy path.dll[:Type]</c> and <c>--strategy-config params.json</c>: loads user strategy assemblies into
/// their own <see cref="AssemblyLoadContext"/> (sharing QpsFast's own assemblies with qps, so their <c>IStrategy</c> is
/// the engine's), finds the strategy types, and records them as <see cref="StrategySpec"/>s; for replay, loads the
/// assemblies a manifest records and checks they are the code that ran.
/// </summary>
internal static class StrategyLoader
{
    private static readonly Dictionary<string, Assembly> s_loaded = new(StringComparer.Ordinal);

    public static Option<string[]> Create() => new("--strategy")
    {
        Description = "A user strategy: PATH.dll[:Namespace.Type], a struct implementing IStrategyFactory<T>. Repeat for several; they get source ids 15, 16, … in order.",
    };

    public static Option<string[]> CreateConfig() => new("--strategy-config")
    {
        Description = "The parameters (a JSON object file) of the --strategy in the same position.",
    };

    /// <summary>Loads the strategies named on the command line; prints one line and returns false on a problem.</summary>
    public static bool TryLoad(ParseResult parse, Option<string[]> strategy, Option<string[]> config, IReadOnlyList<string> symbols,
        out IReadOnlyList<StrategySpec> specs, out StrategyRegistry registry)
    {
        try
        {
            (specs, registry) = Load(parse, strategy, config, symbols);
            return true;
        }
        catch (BadUsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            specs = [];
            registry = new StrategyRegistry();
            return false;
        }
    }

    /// <summary>Loads the strategies named on the command line.</summary>
    /// <exception cref="BadUsageException">One cannot be loaded; the message says which and why.</exception>
    public static (IReadOnlyList<StrategySpec> Specs, StrategyRegistry Registry) Load(ParseResult parse, Option<string[]> strategy, Option<string[]> config, IReadOnlyList<string> symbols) =>
        Load(parse.GetValue(strategy) ?? [], parse.GetValue(config) ?? [], symbols);

    /// <summary>Loads strategies from their <c>--strategy</c> and <c>--strategy-config</c> values.</summary>
    /// <exception cref="BadUsageException">One cannot be loaded; the message says which and why.</exception>
    public static (IReadOnlyList<StrategySpec> Specs, StrategyRegistry Registry) Load(string[] given, string[] configs, IReadOnlyList<string> symbols)
    {
        var registry = new StrategyRegistry();
        if (configs.Length > given.Length)
            throw new BadUsageException($"{configs.Length} --strategy-config for {given.Length} --strategy");
        if (given.Length > Engine.Records.SourceId.Risk - AlphaIds.FirstUser)
            throw new BadUsageException($"at most {Engine.Records.SourceId.Risk - AlphaIds.FirstUser} strategies");
        var list = new List<StrategySpec>();
        try
        {
            for (int i = 0; i < given.Length; i++)
            {
                var (path, typeName) = Split(given[i]);
                var type = FindType(LoadAssembly(path, $"--strategy {given[i]}"), typeName, $"--strategy {given[i]}");
                string parameters = i < configs.Length ? ReadConfig(configs[i]) : "{}";
                list.Add(StrategyHost.Specify(type, (byte)(AlphaIds.FirstUser + i), parameters, symbols, Path.GetFullPath(path)));
                registry.Add(type);
            }
            StrategyCheck.Validate([.. list.Select(s => new StrategyInfo(s.Source, s.Name))]);
        }
        catch (Exception e) when (e is StrategyLoadException or ArgumentException)
        {
            throw new BadUsageException(e.Message);
        }
        return (list, registry);
    }

    /// <summary>
    /// Loads the assemblies of the strategies a manifest records (from <paramref name="paths"/> instead of the recorded
    /// paths when given) into a registry, checking each file's SHA-256 against the recorded one.
    /// </summary>
    /// <exception cref="StrategyLoadException">A strategy's assembly is missing, changed, or lacks its type.</exception>
    public static StrategyRegistry ForReplay(IReadOnlyList<StrategySpec> recorded, IReadOnlyList<string> paths)
    {
        var registry = new StrategyRegistry();
        foreach (var spec in recorded)
        {
            string label = $"strategy '{spec.Name}' ({spec.TypeName}, assembly {spec.AssemblyName} {spec.AssemblyVersion})";
            string? path = paths.Select(p => Split(p).Path).FirstOrDefault(p => Path.GetFileNameWithoutExtension(p) == spec.AssemblyName) ?? (spec.AssemblyPath.Length > 0 ? spec.AssemblyPath : null);
            if (path is null || !File.Exists(path))
                throw new StrategyLoadException($"{label}: assembly {path ?? spec.AssemblyName + ".dll"} not found; pass it with --strategy PATH.dll");
            if (spec.AssemblySha256.Length > 0 && StrategyRegistry.Sha256Of(path) is var sha && sha != spec.AssemblySha256)
                throw new StrategyLoadException($"{label}: {path} is not the code that ran (SHA-256 {sha[..16]}…, recorded {spec.AssemblySha256[..Math.Min(16, spec.AssemblySha256.Length)]}…)");
            var type = LoadAssembly(path, label).GetType(spec.TypeName)
                ?? throw new StrategyLoadException($"{label}: {path} has no type {spec.TypeName}");
            registry.Add(type);
        }
        return registry;
    }

    /// <summary>Splits a <c>--strategy</c> value into the assembly's path and the type named after it, if any.</summary>
    public static (string Path, string? Type) Split(string value)
    {
        // PATH.dll:Type — the type part follows the last ':' after ".dll" (a Windows drive letter has a ':' too).
        int dll = value.LastIndexOf(".dll", StringComparison.OrdinalIgnoreCase);
        if (dll >= 0 && dll + 4 < value.Length && value[dll + 4] == ':')
            return (value[..(dll + 4)], value[(dll + 5)..]);
        return (value, null);
    }

    private static string ReadConfig(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StrategyLoadException($"--strategy-config {path}: {e.Message}");
        }
    }

    private static Assembly LoadAssembly(string path, string label)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new StrategyLoadException($"{label}: {full} not found");
        lock (s_loaded)
        {
            if (s_loaded.TryGetValue(full, out var loaded))
                return loaded;
            try
            {
                var assembly = new StrategyLoadContext(full).LoadFromAssemblyPath(full);
                s_loaded[full] = assembly;
                return assembly;
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                throw new StrategyLoadException($"{label}: {full} is not a .NET assembly qps can load: {e.Message}");
            }
        }
    }

    private static Type FindType(Assembly assembly, string? typeName, string label)
    {
        Type[] found;
        try
        {
            found = StrategyRegistry.FactoriesIn(assembly);
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new StrategyLoadException($"{label}: its types cannot be loaded: {e.Message}");
        }
        if (typeName is not null)
            return found.FirstOrDefault(t => t.FullName == typeName || t.Name == typeName)
                ?? throw new StrategyLoadException($"{label}: no strategy type {typeName} (strategies there: {Names(found)})");
        return found.Length switch
        {
            1 => found[0],
            0 => throw new StrategyLoadException($"{label}: no public struct implementing IStrategyFactory<T> in {assembly.GetName().Name}"),
            _ => throw new StrategyLoadException($"{label}: several strategies ({Names(found)}); choose one with PATH.dll:Type"),
        };
    }

    private static string Names(Type[] types) => types.Length == 0 ? "none" : string.Join(", ", types.Select(t => t.FullName));

    /// <summary>A strategy assembly's own context: its private dependencies resolve next to it; QpsFast's and the framework's come from qps.</summary>
    private sealed class StrategyLoadContext(string path) : AssemblyLoadContext(Path.GetFileName(path))
    {
        private readonly AssemblyDependencyResolver? _resolver = File.Exists(Path.ChangeExtension(path, ".deps.json")) ? new AssemblyDependencyResolver(path) : null;

        protected override Assembly? Load(AssemblyName name)
        {
            // Shared with qps, whatever version the strategy was compiled against: one IStrategy, one engine.
            if (name.Name is { } n && n.StartsWith("QpsFast.", StringComparison.Ordinal))
                return Default.LoadFromAssemblyName(new AssemblyName(n));
            if (Default.Assemblies.Any(a => a.GetName().Name == name.Name))
                return null;
            string? resolved = _resolver?.ResolveAssemblyToPath(name) ?? ProbeBeside(name);
            return resolved is null ? null : LoadFromAssemblyPath(resolved);
        }

        private string? ProbeBeside(AssemblyName name)
        {
            string candidate = Path.Combine(Path.GetDirectoryName(path)!, name.Name + ".dll");
            return File.Exists(candidate) ? candidate : null;
        }
    }
}
