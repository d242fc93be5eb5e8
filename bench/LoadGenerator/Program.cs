Console.WriteLine("LoadGenerator: not yet");
