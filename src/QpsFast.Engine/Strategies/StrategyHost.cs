using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using QpsFast.Engine.Pipeline;
using QpsFast.Ring;

namespace QpsFast.Engine.Strategies;

/// <summary>
/// Builds engines around strategies known only at run time (loaded by the CLI, or recorded in a journal's manifest):
/// each strategy struct is created through its <see cref="IStrategyFactory{TSelf}.Create"/>, several are composed into
/// nested <see cref="StrategyPair{TFirst, TSecond}"/>s, and <see cref="EngineBuilder.Build{TStrategy, TSink}"/> is
/// called through <see cref="MethodInfo.MakeGenericMethod"/>, so the JIT still specializes and inlines the struct
/// path as it does for a strategy compiled into the host. Reflection runs once, at build time.
/// </summary>
public static class StrategyHost
{
    /// <summary>Why the host needs the JIT: it instantiates generic engine code over types loaded at run time.</summary>
    public const string Reason = "Strategies loaded at run time are built by instantiating the engine's generic code over their types (MakeGenericMethod): this needs the JIT and the types' metadata.";

    /// <summary>
    /// Creates a strategy of <paramref name="type"/> for <paramref name="source"/> from <paramref name="parametersJson"/>
    /// and returns what a manifest records of it.
    /// </summary>
    /// <exception cref="StrategyLoadException">The parameters are not a JSON object, the strategy refuses them, or it describes its books wrongly.</exception>
    [RequiresDynamicCode(Reason)]
    [RequiresUnreferencedCode(Reason)]
    public static StrategySpec Specify(Type type, byte source, string parametersJson, IReadOnlyList<string> symbols, string assemblyPath = "")
    {
        string label = type.FullName ?? type.Name;
        var info = Describe(type, label, source, parametersJson, symbols, out _);
        var assembly = type.Assembly.GetName();
        string sha = assemblyPath.Length > 0 && File.Exists(assemblyPath) ? StrategyRegistry.Sha256Of(assemblyPath) : "";
        return new StrategySpec(info.Name, source, label, assembly.Name ?? "", assembly.Version?.ToString() ?? "", sha, assemblyPath, Canonical(parametersJson, label), info.FlattenAtSessionEnd);
    }

    /// <summary>
    /// Returns <paramref name="spec"/> with other parameters, created once through its type (found in
    /// <paramref name="registry"/>) so the strategy's own checks run; the assembly's recorded hash is kept.
    /// </summary>
    /// <exception cref="StrategyLoadException">The type is not loaded, the strategy refuses the parameters, or it now describes its book otherwise.</exception>
    [RequiresDynamicCode(Reason)]
    [RequiresUnreferencedCode(Reason)]
    public static StrategySpec WithParameters(StrategySpec spec, string parametersJson, StrategyRegistry registry, IReadOnlyList<string> symbols)
    {
        var type = registry.Find(spec.TypeName) ?? throw new StrategyLoadException($"strategy '{spec.Name}': type {spec.TypeName} is not loaded");
        string label = $"strategy '{spec.Name}'";
        var info = Describe(type, label, spec.Source, parametersJson, symbols, out _);
        if (info.Name != spec.Name || info.FlattenAtSessionEnd != spec.FlattenAtSessionEnd)
            throw new StrategyLoadException($"{label}: with these parameters it describes itself as '{info.Name}' (flatten at session end: {info.FlattenAtSessionEnd}), not as '{spec.Name}' ({spec.FlattenAtSessionEnd})");
        return spec with { ParametersJson = Canonical(parametersJson, label) };
    }

    /// <summary>
    /// Builds the engine with the strategies of <paramref name="specs"/> (none: the built-in alphas only), their
    /// types found in <paramref name="registry"/>.
    /// </summary>
    /// <exception cref="StrategyLoadException">A strategy cannot be built as recorded: the message names it.</exception>
    [RequiresDynamicCode(Reason)]
    [RequiresUnreferencedCode(Reason)]
    public static TradingEngine Build<TSink>(EngineBuilder builder, IReadOnlyList<StrategySpec> specs, StrategyRegistry registry, IReadOnlyList<string> symbols, TSink sink)
        where TSink : struct, IEventHandler<Slot>
    {
        if (specs.Count == 0)
            return builder.Build(sink);
        object? composed = null;
        Type? composedType = null;
        for (int i = specs.Count - 1; i >= 0; i--)
        {
            var spec = specs[i];
            var type = registry.Find(spec.TypeName)
                ?? throw new StrategyLoadException($"strategy '{spec.Name}': type {spec.TypeName} (assembly {spec.AssemblyName} {spec.AssemblyVersion}{(spec.AssemblyPath.Length > 0 ? ", " + spec.AssemblyPath : "")}) is not loaded");
            var info = Describe(type, $"strategy '{spec.Name}'", spec.Source, spec.ParametersJson, symbols, out object strategy);
            if (info.Name != spec.Name || info.FlattenAtSessionEnd != spec.FlattenAtSessionEnd)
                throw new StrategyLoadException($"strategy '{spec.Name}': {spec.TypeName} now describes itself as '{info.Name}' (flatten at session end: {info.FlattenAtSessionEnd}), not as recorded");
            if (composed is null)
            {
                composed = strategy;
                composedType = type;
            }
            else
            {
                var pairType = typeof(StrategyPair<,>).MakeGenericType(type, composedType!);
                composed = Activator.CreateInstance(pairType, strategy, composed)!;
                composedType = pairType;
            }
        }
        var build = typeof(EngineBuilder).GetMethods().Single(m => m.Name == nameof(EngineBuilder.Build) && m.GetGenericArguments().Length == 2)
            .MakeGenericMethod(composedType!, typeof(TSink));
        try
        {
            return (TradingEngine)build.Invoke(builder, [composed, sink])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    [RequiresDynamicCode(Reason)]
    [RequiresUnreferencedCode(Reason)]
    private static StrategyInfo Describe(Type type, string label, byte source, string parametersJson, IReadOnlyList<string> symbols, out object strategy)
    {
        JsonElement parameters;
        try
        {
            using var doc = JsonDocument.Parse(parametersJson.Length == 0 ? "{}" : parametersJson, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new StrategyLoadException($"{label}: parameters must be a JSON object");
            parameters = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new StrategyLoadException($"{label}: parameters are not valid JSON: {e.Message}");
        }
        var create = typeof(StrategyHost).GetMethod(nameof(CreateOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        try
        {
            strategy = create.Invoke(null, [new StrategyArgs(source, parameters, symbols)])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new StrategyLoadException($"{label}: {e.InnerException.Message}");
        }
        var books = new List<StrategyInfo>();
        ((IStrategy)strategy).Describe(books);
        if (books.Count != 1 || books[0].Source != source)
            throw new StrategyLoadException($"{label}: must describe exactly one book with source id {source} (described {string.Join(", ", books.Select(b => $"'{b.Name}' {b.Source}"))})");
        return books[0];
    }

    private static object CreateOf<T>(StrategyArgs args) where T : struct, IStrategyFactory<T> => T.Create(args);

    /// <summary>Returns the parameters as compact JSON (the manifest's form), checked to be an object.</summary>
    private static string Canonical(string json, string label)
    {
        using var doc = JsonDocument.Parse(json.Length == 0 ? "{}" : json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new StrategyLoadException($"{label}: parameters must be a JSON object");
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
            doc.RootElement.WriteTo(w);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>A strategy cannot be loaded or built as asked or as recorded; the message is one line naming it.</summary>
public sealed class StrategyLoadException(string message) : Exception(message);
