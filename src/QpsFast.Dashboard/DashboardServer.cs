using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace QpsFast.Dashboard;

/// <summary>
/// <c>qps serve</c>: Kestrel serving the sessions page, a page per session that follows it live (server-sent events,
/// one update a second), and their JSON. Read-only: it never starts, stops or changes a session, and it reads files
/// only (the sessions run in their own processes at their own speed). Every error is a page or a JSON message, never
/// a stack trace.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the server listens.</summary>
    public Uri Address { get; }

    /// <summary>How often a live page gets an update.</summary>
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromSeconds(1);

    /// <summary>Starts serving <paramref name="logs"/> on <paramref name="bind"/>:<paramref name="port"/> (0: any free port).</summary>
    /// <exception cref="IOException">The address cannot be bound (in use, not this machine's).</exception>
    public static async Task<DashboardServer> StartAsync(string logs, IPAddress bind, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(bind, port));
        var app = builder.Build();
        var index = new SessionIndex(Path.GetFullPath(logs));
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                // One line of what went wrong, never a stack trace.
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = 500;
                    await WriteJsonOrPage(context, $"the dashboard could not read this: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
                }
            }
            catch (OperationCanceledException)
            {
                // the browser went away
            }
        });
        app.MapGet("/", () => Results.Content(Pages.Sessions(index.Logs), "text/html; charset=utf-8"));
        app.MapGet("/api/sessions", () =>
        {
            var tails = index.All();
            foreach (var tail in tails)
                tail.Poll(UpdateInterval);
            return Json(w =>
            {
                w.WriteStartArray();
                foreach (var tail in tails)
                    SessionJson.Write(w, tail, full: false);
                w.WriteEndArray();
            });
        });
        // Pages that say something is missing are sent as 200: a 404 document is a console error in the browser, and
        // the page itself is the clear message. The JSON under /api answers 404.
        app.MapGet("/sessions/{id}", (string id) => Results.Content(Pages.Session(id, index.Find(id) is not null), "text/html; charset=utf-8"));
        app.MapGet("/api/sessions/{id}", (string id) =>
        {
            if (index.Find(id) is not { } tail)
                return NotFound(id, index.Logs);
            tail.Poll(TimeSpan.Zero);
            return Json(w => SessionJson.Write(w, tail, full: true));
        });
        app.MapGet("/api/sessions/{id}/events", async (HttpContext c, string id) =>
        {
            if (index.Find(id) is not { } tail)
            {
                await NotFound(id, index.Logs).ExecuteAsync(c);
                return;
            }
            c.Response.Headers.ContentType = "text/event-stream";
            c.Response.Headers.CacheControl = "no-cache";
            var token = c.RequestAborted;
            while (!token.IsCancellationRequested)
            {
                tail.Poll(TimeSpan.Zero);
                using var buffer = new MemoryStream();
                string state;
                using (var w = new Utf8JsonWriter(buffer))
                    state = SessionJson.Write(w, tail, full: true); // the state of this very update: another page's poll may move it on

                await c.Response.WriteAsync("data: ", token);
                await c.Response.Body.WriteAsync(buffer.ToArray(), token);
                await c.Response.WriteAsync("\n\n", token);
                await c.Response.Body.FlushAsync(token);
                if (state is not ("running" or "reading"))
                {
                    // A finished, torn or missing journal does not change: one last update, then the stream ends.
                    await c.Response.WriteAsync("event: end\ndata: {}\n\n", token);
                    return;
                }
                await Task.Delay(UpdateInterval, token);
            }
        });
        app.MapGet("/sessions/{id}/report.html", (string id) =>
        {
            var tail = index.Find(id);
            string? path = tail is null ? null : Path.Combine(tail.Directory, "report.html");
            return path is not null && File.Exists(path)
                ? Results.File(path, "text/html; charset=utf-8")
                : Results.Content(Pages.Message($"No report for session '{id}'", $"Run qps report --session {id} to write one."), "text/html; charset=utf-8");
        });
        app.MapFallback("/api/{**rest}", () => Results.Text(ErrorJson("no such API: /api/sessions and /api/sessions/ID[/events]"), "application/json; charset=utf-8", Encoding.UTF8, 404));
        app.MapFallback(() => Results.Content(Pages.Message("Not found", "There is no page here. The sessions are at /."), "text/html; charset=utf-8"));
        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await app.DisposeAsync();
            throw new IOException($"cannot listen on {bind}:{port}: {e.Message}", e);
        }
        var bound = app.Urls.FirstOrDefault() ?? $"http://{bind}:{port}";
        return new DashboardServer(app, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)));
    }

    private static IResult Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
            write(w);
        return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
    }

    private static IResult NotFound(string id, string logs) =>
        Results.Text(ErrorJson(SessionIndex.IsValidId(id) ? $"no session '{id}' under {logs}" : "not a session id (letters, digits, '-', '_' and '.')"), "application/json; charset=utf-8", Encoding.UTF8, 404);

    private static string ErrorJson(string message)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task WriteJsonOrPage(HttpContext c, string message)
    {
        if (c.Request.Path.StartsWithSegments("/api"))
        {
            c.Response.ContentType = "application/json; charset=utf-8";
            await c.Response.WriteAsync(ErrorJson(message));
        }
        else
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync(Pages.Message("Something could not be read", message), Encoding.UTF8);
        }
    }

    /// <summary>Waits until <paramref name="token"/> is cancelled (Ctrl+C), then stops.</summary>
    public async Task RunUntilAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
