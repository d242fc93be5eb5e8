using System.Diagnostics;

namespace LogPlatform.Hosting.Processes;

/// <summary>Writes every child's output to the console, each line prefixed with its resource name in a colour of its own.</summary>
public static class ProcessOutput
{
    private static readonly object Gate = new();
    private static readonly ConsoleColor[] Colours = [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Yellow, ConsoleColor.Magenta, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkYellow];
    private static int next;

    /// <summary>When false (tests), output is kept only in each resource's recent-lines buffer.</summary>
    public static bool Echo { get; set; } = true;

    public static void Attach(Process process, string prefix, Action<string> keep)
    {
        var colour = Colours[Interlocked.Increment(ref next) % Colours.Length];
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            keep(e.Data);
            if (Echo) Write(prefix, e.Data, colour);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static void Write(string prefix, string line, ConsoleColor colour = ConsoleColor.Gray)
    {
        lock (Gate)
        {
            if (Console.IsOutputRedirected)
            {
                Console.Out.WriteLine($"{prefix,-12}| {line}");
                return;
            }
            Console.ForegroundColor = colour;
            Console.Out.Write($"{prefix,-12}| ");
            Console.ResetColor();
            Console.Out.WriteLine(line);
        }
    }
}
