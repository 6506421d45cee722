// msgpackr treats a failing require of its optional native accelerator as "not installed" and uses pure JS.
throw new Error('msgpackr-extract is not installed (stub): msgpackr uses its JavaScript implementation');
