Console.WriteLine("AppHost: not yet");
