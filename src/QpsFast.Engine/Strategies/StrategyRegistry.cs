using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Security.Cryptography;

namespace QpsFast.Engine.Strategies;

/// <summary>
/// The strategy types a host can build by name: a library host registers its own (<see cref="Add{T}"/>); the CLI adds
/// those of the assemblies it loads. Looked up by full type name, never iterated, so its order cannot leak into a run.
/// </summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="T"/> under its full name.</summary>
    public StrategyRegistry Add<T>() where T : struct, IStrategyFactory<T>
    {
        _types[typeof(T).FullName!] = typeof(T);
        return this;
    }

    /// <summary>Registers a strategy type (a struct implementing <see cref="IStrategyFactory{TSelf}"/> of itself).</summary>
    /// <exception cref="ArgumentException">It is not such a type.</exception>
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public StrategyRegistry Add(Type type)
    {
        if (!IsFactory(type))
            throw new ArgumentException($"{type.FullName} is not a struct implementing IStrategyFactory<{type.Name}>");
        _types[type.FullName!] = type;
        return this;
    }

    /// <summary>Returns the type registered under <paramref name="fullName"/>, if any.</summary>
    public Type? Find(string fullName) => _types.GetValueOrDefault(fullName);

    /// <summary>Returns whether <paramref name="type"/> is a struct implementing <see cref="IStrategyFactory{TSelf}"/> of itself.</summary>
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static bool IsFactory(Type type) =>
        type.IsValueType && !type.IsGenericTypeDefinition && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStrategyFactory<>) && i.GetGenericArguments()[0] == type);

    /// <summary>Returns the strategy types an assembly exports, in name order.</summary>
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static Type[] FactoriesIn(Assembly assembly) =>
        [.. assembly.GetExportedTypes().Where(IsFactory).OrderBy(t => t.FullName, StringComparer.Ordinal)];

    /// <summary>Returns the SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
