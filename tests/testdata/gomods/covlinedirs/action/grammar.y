%{
%}
%%
expr: NUM { $$ = 1 }
