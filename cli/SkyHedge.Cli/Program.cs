Console.WriteLine("skyhedge");
