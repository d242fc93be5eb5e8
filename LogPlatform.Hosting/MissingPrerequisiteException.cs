namespace LogPlatform.Hosting;

/// <summary>A server the machine lacks; the message says what to install.</summary>
public sealed class MissingPrerequisiteException(string message) : Exception(message);
