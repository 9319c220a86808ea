using System.CommandLine;
using QpsFast.Ring;

namespace QpsFast.Cli;

/// <summary>The <c>--wait</c> and <c>--output-wait</c> options of the verbs that run the pipeline.</summary>
internal static class WaitOption
{
    private static readonly string[] s_names = ["spin", "yield", "block", "sleep"];

    /// <summary>Creates <c>--wait</c>: every stage's wait strategy, default yield.</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>("--wait") { Description = "Wait strategy of the stages: spin, yield, block or sleep.", DefaultValueFactory = _ => "yield" };
        option.AcceptOnlyFromAmong(s_names);
        return option;
    }

    /// <summary>Creates <c>--output-wait</c>: the output stage's (the journal's) wait strategy, default that of <c>--wait</c>.</summary>
    public static Option<string?> CreateOutput()
    {
        var option = new Option<string?>("--output-wait")
        {
            Description = "Wait strategy of the output stage (the journal): spin, yield, block or sleep; default that of --wait. With --wait spin on 2 cores, sleep leaves the spinning stages their cores.",
        };
        option.AcceptOnlyFromAmong(s_names);
        return option;
    }

    /// <summary>Returns the strategy a validated option value names.</summary>
    public static WaitKind Parse(string value) => value switch
    {
        "spin" => WaitKind.Spin,
        "block" => WaitKind.Block,
        "sleep" => WaitKind.Sleep,
        _ => WaitKind.Yield,
    };

    /// <summary>Returns the strategy of an optional option, or null when it was not given.</summary>
    public static WaitKind? ParseOptional(string? value) => value is null ? null : Parse(value);
}
